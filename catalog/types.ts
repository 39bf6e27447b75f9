/**
 * The shapes every register shares (DESIGN §3). Plain TS, used by browser and server.
 *
 * A register kind (information catalog, commitment items, sanction measures, grading models, or
 * a custom kind) is defined by a KindDefinition, which is itself the content of a versioned entry
 * of the meta kind `register-kind`. An entry's content is a JSON object valid against its kind's
 * `schema` (JSON Schema draft 2020-12); `ui` says how to label and lay out its fields.
 */

import type { Condition } from '../forms/conditions';
import type { MaskRule } from '../forms/masking';

export type Locale = 'zh-CN' | 'en';
export type Localized = { 'zh-CN': string; en: string };

export const ENTRY_STATUSES = ['draft', 'in_review', 'published', 'superseded', 'retired', 'rejected'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/** Widgets the generic entry editor knows. */
export type Widget =
  | 'text'
  | 'textarea'
  | 'rich-text' // commitment-letter templates: text with {{placeholders}}
  | 'number'
  | 'integer'
  | 'date'
  | 'select' // enum
  | 'checkboxes' // array of enum
  | 'tags' // array of free strings
  | 'boolean'
  | 'legal-basis' // array of { name, number, article }
  | 'departments' // array of department codes
  | 'reference' // { kind, code, version? } pointing at another entry
  | 'entry-code' // the code of another entry (of `refKind`), stored as a plain string, picked by name
  | 'references' // array of references
  | 'form-definition' // a data-items form definition (JSON Schema + UI schema)
  | 'flow-graph' // an approval-flow graph (catalog/flows/types.ts), edited in the flow designer
  | 'docx-template' // an uploaded Word template { fileName, sha256, size } (catalog/lists/documents.ts)
  | 'data-item' // the key of one data item of the entry's own form (`dataItems`), picked by its name
  | 'grades' // grades of the grading model another field of the entry references (`gradesOf`), ticked by name
  | 'rows' // an array of small records edited as a table, one column per property (`columns`)
  | 'json'; // anything else, edited as JSON

/** One column of a rows widget: a property of the array's items. */
export interface RowColumn {
  key: string;
  label: Localized;
  help?: Localized;
  widget?: RowColumnWidget;
  /** Names of stored values, for reading (a data-item column's keys; filled in by the server for diffs, never stored). */
  options?: Record<string, Localized>;
}

export type RowColumnWidget = 'text' | 'integer' | 'boolean' | 'tags' | 'data-item';
/** `data-item`: a data item of the catalog item the rows field's `dataItemsOf` names, picked by name. */
export const ROW_COLUMN_WIDGETS: readonly RowColumnWidget[] = ['text', 'integer', 'boolean', 'tags', 'data-item'];

export interface FieldUi {
  label: Localized;
  help?: Localized;
  widget?: Widget;
  /** For enums: labels of the enum values (values are stored as given). */
  options?: Record<string, Localized>;
  /** For reference widgets: which kind the reference points to. */
  refKind?: string;
  /** For docx-template widgets: which document the template fills (catalog/lists/documents.ts DOC_KINDS). */
  templateKind?: string;
  /** For data-item widgets: only data items of this format (e.g. date). */
  dataItemFormat?: string;
  /**
   * For data-item widgets (and rows with data-item columns): the data items offered are those of
   * the catalog item another field of the entry names (an entry-code or reference field of
   * refKind info-catalog), not of the entry's own form.
   */
  dataItemsOf?: string;
  /** For grades widgets: the field of the same entry that references the grading model whose grades are offered. */
  gradesOf?: string;
  /**
   * For rows widgets: the table's columns, in order, one per property of the array's items, each
   * with its label and how the cell is edited (text by default).
   */
  columns?: RowColumn[];
  /**
   * Shown in the form only while another field holds one of these values (e.g. the red-list
   * conditions only for an incentive list). A field that already has a value is always shown, so
   * nothing entered is hidden; the JSON Schema and the kind's own checks still decide what is valid.
   */
  shownWhen?: { field: string; in: string[] };
}

export interface KindUi {
  /** Field order in forms and tables. */
  order: string[];
  /** Which field is the entry's human title (e.g. name, text). */
  titleField: string;
  /** Columns shown in the register list besides code and title. */
  listFields?: string[];
  fields: Record<string, FieldUi>;
}

export interface JsonSchemaObject {
  $schema?: string;
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
  additionalProperties?: boolean;
  [key: string]: unknown;
}

export interface KindDefinition {
  code: string; // kebab-case, e.g. sanction-measure
  name: Localized;
  description?: Localized;
  /** Entry codes must match this (e.g. ^SM-\d{3,}$); shown in errors. */
  codePattern?: string;
  /** JSON Schema of an entry's content. */
  schema: JsonSchemaObject;
  ui: KindUi;
  /** Partial: seeded from a reference marked partial; shown as a badge. */
  partial?: boolean;
}

/** A reference from one entry to another, by code and (optionally pinned) version. */
export interface EntryRef {
  kind: string;
  code: string;
  version?: number | null;
}

/** A legal basis item (sanction measures require at least one). */
export interface LegalBasis {
  name: string; // 《…》
  number?: string; // 文号, e.g. 国发〔2016〕33号
  article?: string; // 第N条
}

/**
 * A form definition (the data items of a catalog item, or any form entry). The form-engine issue
 * owns its full grammar; registers only need: JSON Schema object + per-field UI labels.
 */
export interface FormDefinition {
  schema: JsonSchemaObject;
  ui?: {
    order?: string[];
    /** Full grammar and checker: forms/definition.ts (its widgets include money, uscc, group, repeating-group …). */
    sections?: { id: string; title: Localized }[];
    fields?: Record<
      string,
      Partial<FieldUi> & {
        label?: Localized;
        section?: string;
        placeholder?: Localized;
        visibleIf?: Condition;
        requiredIf?: Condition;
        personal?: boolean;
        mask?: MaskRule;
        /** Order of a group's children. */
        order?: string[];
      }
    >;
  };
}
