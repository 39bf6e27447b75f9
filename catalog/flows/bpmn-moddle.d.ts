// bpmn-moddle 10 types only its model (./types), not its entry point; this declares its factory
// (callable with or without `new`) and the methods we use. Elements are dynamic moddle objects.
declare module 'bpmn-moddle' {
  /* eslint-disable @typescript-eslint/no-explicit-any */
  export interface Moddle {
    create(type: string, attrs?: Record<string, unknown>): any;
    fromXML(xml: string, typeName?: string): Promise<{ rootElement: any; warnings: { message: string }[]; elementsById: Record<string, any>; references: unknown[] }>;
    toXML(element: any, options?: Record<string, unknown>): Promise<{ xml: string }>;
  }
  export const BpmnModdle: {
    new (packages?: Record<string, unknown>, options?: Record<string, unknown>): Moddle;
    (packages?: Record<string, unknown>, options?: Record<string, unknown>): Moddle;
  };
}
