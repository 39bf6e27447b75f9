/**
 * Semantic checks a kind's JSON Schema cannot express, run when an entry is submitted for approval
 * (server/registers/service.ts): a draft may be saved half-finished, but it cannot go to review with
 * problems. The map is open: each kind that needs one adds its line (approval-flow here; the
 * grading-model issue adds its own).
 */
import type { FieldIssue } from '../../forms/ajv';
import { validateFlow, type FlowValidationContext } from '../flows/validate';
import type { FlowGraph } from '../flows/types';
import { gradingModelProblems } from '../grading/validate';
import type { GradingContext } from '../grading/types';
import { creditListIssues, type ListCheckContext } from '../lists/validate';
import { disclosureRuleIssues, type DisclosureRuleContext } from '../disclosure/rules';
import { infoCatalogIssues } from './info-catalog';

/** What the checks may look up, loaded per kind by the server (server/registers/semantic-context.ts):
 *  the directory (roles, active departments and users) for flows; catalog items' data items,
 *  sanction measures and lists in force for grading models; a disclosure rule's catalog item. */
export type SemanticContext = FlowValidationContext & { grading?: GradingContext; lists?: ListCheckContext; disclosure?: DisclosureRuleContext };

export type SemanticValidator = (content: Record<string, unknown>, ctx: SemanticContext) => FieldIssue[];

function approvalFlowIssues(content: Record<string, unknown>, ctx: SemanticContext): FieldIssue[] {
  return validateFlow(content.graph as FlowGraph, ctx).map((p) => ({
    path: 'graph',
    keyword: `flow.${p.code}`,
    message: p.message,
  }));
}

/** Grading models: the tree adds up, bands are contiguous…; with `ctx.grading` also data items,
 *  sanction measures and lists are checked against the registers. */
function gradingModelIssues(content: Record<string, unknown>, ctx: SemanticContext): FieldIssue[] {
  return gradingModelProblems(content, ctx.grading).map((p) => ({ path: p.path, keyword: `grading.${p.code}`, message: p.message }));
}

export const SEMANTIC_VALIDATORS: Record<string, SemanticValidator> = {
  'approval-flow': approvalFlowIssues,
  'grading-model': gradingModelIssues,
  'credit-list': (content, ctx) => creditListIssues(content, ctx.lists),
  'disclosure-rule': (content, ctx) => disclosureRuleIssues(content, ctx.disclosure),
  'info-catalog': (content) => infoCatalogIssues(content),
};

export function hasSemanticValidator(kindCode: string): boolean {
  return Object.hasOwn(SEMANTIC_VALIDATORS, kindCode);
}

export function semanticIssues(kindCode: string, content: Record<string, unknown>, ctx: SemanticContext = {}): FieldIssue[] {
  return hasSemanticValidator(kindCode) ? SEMANTIC_VALIDATORS[kindCode]!(content, ctx) : [];
}
