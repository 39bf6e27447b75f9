/**
 * A credit list as the office defines it (the content of a `credit-list` register entry): what it
 * is, its legal basis and criteria, which records may ground a listing, the due-process windows in
 * working days, the listing period, removal and repair, document templates and numbering, and the
 * measures that apply to members. All of it is versioned data: a case pins the list version it
 * was proposed under, so a later change of windows or templates never alters a running case.
 */
import type { EntryRef, LegalBasis } from '../types';

/** A DOCX template uploaded into a list entry (the bytes are a stored file, content-addressed). */
export interface TemplateRef {
  fileName: string;
  sha256: string;
  size: number;
}

export const LIST_NATURES = ['sanction', 'incentive'] as const;
export type ListNature = (typeof LIST_NATURES)[number];

export interface CreditListContent {
  name: string;
  /** 严重失信主体名单 / 重点关注名单 / 红名单 …, or a kind the office names itself. */
  listKind?: string;
  /** 惩戒 (members get sanction measures) or 激励 (members get incentives). */
  nature?: ListNature;
  identificationCriteria?: string;
  legalBasis: LegalBasis[];
  /** Catalog items whose accepted records may ground a listing (e.g. 行政处罚信息). */
  groundItems?: EntryRef[];
  /** Working days from service of the prior notice in which the subject may object. */
  objectionDays?: number;
  /** Working days the department has to answer an objection. */
  answerDays?: number;
  /** Listing period in months: equal bounds = a fixed period. */
  periodMinMonths?: number;
  periodMaxMonths?: number;
  removalConditions?: string;
  repairable?: boolean;
  /** Working days to accept and to decide a repair application of a membership (national figures not verified). */
  repairAcceptDays?: number;
  repairDecideDays?: number;
  /** 权利告知 and 救济途径 texts for the documents. */
  rightsNotice?: string;
  remedies?: string;
  noticeTemplate?: TemplateRef;
  decisionTemplate?: TemplateRef;
  repairNoticeTemplate?: TemplateRef;
  removalTemplate?: TemplateRef;
  noticeNumberFormat?: string;
  decisionNumberFormat?: string;
  removalNumberFormat?: string;
  /** Sanction measures (or incentives) that apply to members. */
  measures?: EntryRef[];
  /** Whether memberships are shown on the public pages. */
  public?: boolean;
  /**
   * 红名单 eligibility (incentive lists only): subjects whose current grade under this model is
   * one of these grades, with no accepted record of the adverse catalog items decided in the last
   * months and on no sanction list, are proposed for the list through the same process
   * (server/lists/eligibility.ts).
   */
  eligibilityModel?: EntryRef;
  eligibilityGrades?: string[];
  eligibilityCleanMonths?: number;
  eligibilityAdverseItems?: EntryRef[];
  departments?: string[];
  sourceNote?: string;
}

/** Defaults for lists defined before the process existed (and for fields left empty). */
export const LIST_DEFAULTS = {
  objectionDays: 5,
  answerDays: 5,
  periodMinMonths: 12,
  periodMaxMonths: 36,
  repairAcceptDays: 3,
  repairDecideDays: 10,
  noticeNumberFormat: '{部门}信告〔{年}〕{序号}号',
  decisionNumberFormat: '{部门}信决〔{年}〕{序号}号',
  removalNumberFormat: '{部门}信移〔{年}〕{序号}号',
  eligibilityCleanMonths: 36,
} as const;

export function listSettings(c: CreditListContent) {
  return {
    objectionDays: c.objectionDays ?? LIST_DEFAULTS.objectionDays,
    answerDays: c.answerDays ?? LIST_DEFAULTS.answerDays,
    periodMinMonths: c.periodMinMonths ?? LIST_DEFAULTS.periodMinMonths,
    periodMaxMonths: c.periodMaxMonths ?? c.periodMinMonths ?? LIST_DEFAULTS.periodMaxMonths,
    repairAcceptDays: c.repairAcceptDays ?? LIST_DEFAULTS.repairAcceptDays,
    repairDecideDays: c.repairDecideDays ?? LIST_DEFAULTS.repairDecideDays,
    noticeNumberFormat: c.noticeNumberFormat || LIST_DEFAULTS.noticeNumberFormat,
    decisionNumberFormat: c.decisionNumberFormat || LIST_DEFAULTS.decisionNumberFormat,
    removalNumberFormat: c.removalNumberFormat || LIST_DEFAULTS.removalNumberFormat,
  };
}
