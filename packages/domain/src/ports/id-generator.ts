/** Makes note ids that sort by creation time (ULIDs in production). */
export interface IdGenerator {
  next(): string;
}
