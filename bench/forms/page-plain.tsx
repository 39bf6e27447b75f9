/**
 * Benchmark floor: the same 500 fields as bare uncontrolled inputs with labels, no form library.
 * Whatever "keydown → next paint" this page measures is the cost of the browser and the frame
 * clock alone; a form library can only add to it.
 */
import { benchDefinition } from './definition';
import { mountMeasured } from './harness';

const definition = benchDefinition();
const order = (definition.ui?.order ?? Object.keys(definition.schema.properties)) as string[];
mountMeasured(
  <form>
    {order.map((name) => (
      <div key={name}>
        <label htmlFor={`plain-${name}`}>{name}</label>
        <input id={`plain-${name}`} name={name} />
      </div>
    ))}
  </form>,
);
