import { z } from 'zod';
import { classificationSettingSchema, exchangeRateSchema, type ClassificationSetting, type ExchangeRate } from './settings';

// Export to TaxPoynt (docs/taxpoynt-export.md): contract inputs and results. Shapes only; the rules run in main.

export const EXPORT_FORMATS = ['nrs-json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const id = z.number().int().positive();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

const format = z.enum(EXPORT_FORMATS);

/** Which approved documents: explicit ids, or every approved one issued in a date range (and location). */
export const exportRunSchema = z.union([
  z.object({ ids: z.array(id).min(1, 'Choose at least one invoice').max(100_000), format }).strict(),
  z.object({
    filter: z.object({
      from: isoDate.optional(),
      to: isoDate.optional(),
      locationId: z.string().min(1).max(64).optional(),
    }).strict(),
    format,
  }).strict(),
]);

/**
 * Per catalog item: remembered by Square's catalog_object_id (the item variation) when given, else by the item's name
 * as on the invoice lines.
 */
export const itemClassificationSchema = z.object({
  item: z.string().trim().min(1, 'Give the item name').max(200),
  catalogObjectId: z.string().trim().min(1).max(192).nullable().default(null),
  classification: classificationSettingSchema,
}).strict();

export const exportInputs = {
  check: z.object({ ids: z.array(id).min(1).max(100_000) }).strict(),
  run: exportRunSchema,
  list: z.object({ page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(500).default(50) }).strict(),
  rerun: z.object({ batchId: id }).strict(),
  mappingsSet: z.object({
    itemClassifications: z.array(itemClassificationSchema).max(5000).optional(),
    exchangeRates: z.array(exchangeRateSchema).max(10_000).optional(),
  }).strict(),
};

export interface ExportMappings {
  itemClassifications: { item: string; catalogObjectId: string | null; classification: ClassificationSetting }[];
  exchangeRates: ExchangeRate[];
}

/**
 * What stops one document from being exported, each a sentence naming the invoice and the field. In export.run's
 * refusal and in export.check, id 0 carries the business profile's problems (they concern every document, said once).
 */
export interface ExportProblems {
  id: number;
  number: string | null;
  problems: string[];
}

export interface ExportBatchView {
  id: number;
  name: string;
  format: ExportFormat;
  createdAt: string;
  /** The main file (the JSON array, or the CSV). */
  path: string;
  sha256: string;
  invoiceCount: number;
  creditNoteCount: number;
  /** How many files the batch holds: the array file and one per document for NRS JSON, one for CSV. */
  fileCount: number;
  /**
   * The batch's files, the main one first. Every file when one batch is read (re-export, save a copy); export.run's
   * answer carries the main file only and export.list none: a 50,000-invoice batch has 50,001.
   */
  files: { name: string; sha256: string; bytes: number }[];
}

/** export.run's answer: exported, or refused with every reason (nothing was exported). */
export type ExportRunResult =
  | { ok: true; batch: ExportBatchView }
  | { ok: false; problems: ExportProblems[]; message: string };

export interface ExportProgress {
  batchName: string;
  phase: 'checking' | 'writing' | 'recording' | 'done';
  done: number;
  total: number;
}

/**
 * The end of the sentence export rules give a document that is not approved yet. The invoice screen leaves it out:
 * approval has its own place there, and the other problems are what the owner can fix before approving.
 */
export const NOT_APPROVED_YET = 'only approved documents are exported.';
