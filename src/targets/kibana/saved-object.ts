// The envelope of every line of the NDJSON file.

export interface Reference {
  readonly type: string;
  readonly id: string;
  readonly name: string;
}

/** A saved object as _import reads it: id, type, migration versions, attributes, references. */
export interface SavedObject {
  readonly id: string;
  readonly type: string;
  readonly [member: string]: unknown;
}
