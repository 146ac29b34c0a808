// Decimal amounts in requests. The API answers amounts as decimal strings; the pricing routes that take
// amounts (draft rules' unit_price, caps, group power bounds, price preview quantities) read them today
// as JSON numbers, exactly (core/json.h: at most 15 significant digits, read back through the shortest
// representation). So a typed amount is checked here as text and sent as the JSON number with the same
// digits — never computed with. When those routes accept strings, `decimalForRequest` returns the text.

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Whether `text` is a plain decimal such as "0.35" or "-2" (no exponent, no grouping). */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text.trim()) && text.replace(/[-.]/g, '').replace(/^0+/, '').length <= 15;
}

/** The request value of a typed decimal: its JSON number, or the text when it is not a plain decimal (the server names the field). */
export function decimalForRequest(text: string): number | string {
  const trimmed = text.trim();
  return isDecimal(trimmed) ? Number(trimmed) : trimmed;
}
