import { forwardRef, useId } from 'react';
import { cn } from './cn';

const control = 'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm aria-[invalid=true]:border-red-500';

/** A labelled form control whose error is linked by aria-describedby and announced. */
export function Field({ label, error, help, children, id }: { label: string; error?: string; help?: string; id: string; children: React.ReactNode }) {
  return (
    <div className="space-y-1">
      {/* The id names groups of checkboxes (a label's htmlFor names only a single control). */}
      <label id={`${id}-label`} htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {help && !error ? (
        <p id={`${id}-help`} className="text-xs text-slate-500">
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function describedBy(id: string, error?: string, help?: string) {
  return error ? `${id}-error` : help ? `${id}-help` : undefined;
}

export const Input = forwardRef<HTMLInputElement, React.InputHTMLAttributes<HTMLInputElement>>(function Input({ className, ...props }, ref) {
  return <input ref={ref} className={cn(control, className)} {...props} />;
});

export const Select = forwardRef<HTMLSelectElement, React.SelectHTMLAttributes<HTMLSelectElement>>(function Select({ className, ...props }, ref) {
  return <select ref={ref} className={cn(control, className)} {...props} />;
});

export function useFieldId(prefix: string) {
  return `${prefix}-${useId().replace(/:/g, '')}`;
}
