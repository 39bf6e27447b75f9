/**
 * Reference page: the same 500 fields as bare uncontrolled inputs with labels, no form library,
 * all of them laid out and painted. It shows what a long page costs the browser per keystroke
 * before any library work; our renderer comes in under it because it lets the browser skip the
 * fields off screen (forms/renderer.tsx, `content-visibility`).
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
