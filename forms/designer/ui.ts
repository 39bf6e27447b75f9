/** Tailwind classes shared by the designer's components (the renderer keeps its own). */
export const inputClass =
  'block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900 shadow-sm aria-[invalid=true]:border-red-500 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-slate-700';
export const labelClass = 'block text-xs font-medium text-slate-600';
export const buttonClass =
  'inline-flex items-center justify-center gap-1 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-700 disabled:cursor-not-allowed disabled:opacity-50';
export const dangerButtonClass =
  'inline-flex items-center justify-center gap-1 rounded-md border border-red-300 bg-white px-2.5 py-1 text-sm font-medium text-red-700 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700';
export const sectionHeadingClass = 'text-sm font-semibold text-slate-800';
