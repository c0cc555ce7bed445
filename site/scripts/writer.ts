/** What the try page needs of a model: continue the text written so far by about `count` more characters' worth. */
export interface Writer {
  next(count: number): Promise<string>;
}
