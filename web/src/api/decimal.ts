// Decimal amounts in requests. The API answers every amount as a decimal string and reads one given as a
// string exactly (docs/api.md, "Input and limits"), so a typed amount is checked here as text and sent as
// that text — never turned into a JavaScript number, which would lose digits and the scale.

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Whether `text` is a plain decimal such as "0.35" or "-2" (no exponent, no grouping), of at most 18 digits. */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text.trim()) && text.trim().replace(/[-.]/g, '').replace(/^0+/, '').length <= 18;
}

/** The request value of a typed decimal: the text as typed, trimmed (the server names the field when it is no decimal). */
export function decimalForRequest(text: string): string {
  return text.trim();
}
