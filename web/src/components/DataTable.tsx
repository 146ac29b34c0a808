// The one table: a caption for screen readers, column headings, one row per item, optional footer rows
// (totals), and a box that scrolls sideways on a phone instead of the page. CursorList draws its pages
// with it; pages draw the tables of one answer (an invoice's lines) with it.
import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

export interface TableColumn<T> {
  header: string;
  render(item: T): ReactNode;
}

export interface DataTableProps<T> {
  /** The table's accessible name. */
  caption: string;
  columns: TableColumn<T>[];
  rows: T[];
  rowKey(item: T, index: number): string | number;
  /** The smallest width of the table before it scrolls sideways (px). */
  minWidth?: number;
  /** Rows below the items (totals), as <Table.Tr> elements. */
  footer?: ReactNode;
}

export function DataTable<T>({ caption, columns, rows, rowKey, minWidth = 720, footer }: DataTableProps<T>) {
  return (
    <Table.ScrollContainer minWidth={minWidth} type="native">
      <Table striped highlightOnHover aria-label={caption} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column.header} scope="col">
                {column.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((item, index) => (
            <Table.Tr key={rowKey(item, index)}>
              {columns.map((column) => (
                <Table.Td key={column.header}>{column.render(item)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
        {footer && <Table.Tfoot>{footer}</Table.Tfoot>}
      </Table>
    </Table.ScrollContainer>
  );
}
