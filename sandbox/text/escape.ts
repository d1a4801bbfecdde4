/**
 * Quoting what a GP system sent in reports made for terminals and XML: a request can carry
 * anything (terminal escape sequences, line breaks, characters XML forbids), and a report that
 * quotes it must neither repaint the reader's terminal nor stop parsing.
 */

/**
 * Control characters (C0, DEL, C1: NEL U+0085 among them), the Unicode line and paragraph
 * separators (U+2028, U+2029: a viewer may break a line there, so a path could forge a log line)
 * and bidirectional overrides, shown as `\u{…}`.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_IN_TERMINAL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;
export const terminalSafe = (text: string): string => text.replace(UNSAFE_IN_TERMINAL, (ch) => `\\u{${ch.codePointAt(0)!.toString(16)}}`);

/** XML 1.0 §2.2: characters outside Char are not allowed at all, escaped or not; they are shown as `\u{…}`. */
// eslint-disable-next-line no-control-regex -- the XML Char production, control characters included
const NOT_XML_CHAR = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
export const xmlText = (text: string): string =>
  text
    .replace(NOT_XML_CHAR, (ch) => `\\u{${ch.codePointAt(0)!.toString(16)}}`)
    .replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!);
