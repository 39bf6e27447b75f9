import type { KindDefinition } from '../types';
import { approvalFlowKind } from './approval-flow';
import { commitmentItemKind } from './commitment-item';
import { creditListKind } from './credit-list';
import { gradingModelKind } from './grading-model';
import { infoCatalogKind } from './info-catalog';
import { registerKindKind } from './register-kind';
import { sanctionMeasureKind } from './sanction-measure';
import { disclosureRuleKind } from './disclosure-rule';

export { registerKindKind, infoCatalogKind, commitmentItemKind, sanctionMeasureKind, creditListKind, gradingModelKind, approvalFlowKind, disclosureRuleKind };

/** Kinds seeded as published entries of the meta kind; their definitions then live as data. */
export const BUILT_IN_KINDS: KindDefinition[] = [infoCatalogKind, commitmentItemKind, sanctionMeasureKind, creditListKind, gradingModelKind, approvalFlowKind, disclosureRuleKind];

export const META_KIND_CODE = 'register-kind';
