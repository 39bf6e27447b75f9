/** Benchmark page: the 500-field form rendered by our renderer (forms/renderer.tsx). */
import { FormRenderer } from '../../forms/renderer';
import { benchDefinition } from './definition';
import { mountMeasured } from './harness';

const definition = benchDefinition();
mountMeasured(<FormRenderer definition={definition} formKey="bench:500@1" locale="zh-CN" idPrefix="ours" defaultValues={{}} onSubmit={() => {}} />);
