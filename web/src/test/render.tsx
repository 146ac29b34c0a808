import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { ApiClient, type FetchFunction } from '../api/client';
import { App } from '../App';

/** The whole portal at `path`, talking to `fetchFunction`. */
export function renderPortal(fetchFunction: FetchFunction, path = '/') {
  return render(
    <MemoryRouter initialEntries={[path]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <App client={new ApiClient(fetchFunction)} />
    </MemoryRouter>,
  );
}
