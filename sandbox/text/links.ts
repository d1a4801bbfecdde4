/** The web links in a text, each once, in order: how a reader finds the claim link in an email. */
export const linksIn = (text: string): string[] => [...new Set(text.match(/https?:\/\/[^\s<>"]+/g) ?? [])];
