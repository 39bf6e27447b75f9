/** Benchmark page: the same 500-field JSON Schema rendered by @rjsf/core with the Ajv 8 validator. */
import Form from '@rjsf/core';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { benchDefinition } from './definition';
import { mountMeasured } from './harness';

const definition = benchDefinition();
const schema = definition.schema as RJSFSchema;
const uiSchema: UiSchema = { 'ui:order': definition.ui?.order ?? [] };

mountMeasured(<Form schema={schema} uiSchema={uiSchema} validator={validator} liveValidate={false} onSubmit={() => {}} />);
