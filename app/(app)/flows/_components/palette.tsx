'use client';
import { useTranslations } from 'next-intl';
import { FLOW_NODE_TYPES, type FlowNodeType } from '@/catalog/flows/types';
import { DND_NODE_TYPE } from './designer-canvas';
import { NODE_GLYPH } from './flow-nodes';

/** Node types to drag onto the canvas; a click (or Enter) adds one in the middle for keyboard users. */
export function Palette({ onAdd }: { onAdd: (type: FlowNodeType) => void }) {
  const t = useTranslations('flows');
  return (
    <div className="flex flex-row flex-wrap gap-1 lg:flex-col" aria-label={t('palette')} data-testid="flow-palette">
      {FLOW_NODE_TYPES.map((type) => (
        <button
          key={type}
          type="button"
          draggable
          onDragStart={(e) => {
            e.dataTransfer.setData(DND_NODE_TYPE, type);
            e.dataTransfer.effectAllowed = 'move';
          }}
          onClick={() => onAdd(type)}
          className="flex cursor-grab items-center gap-2 rounded border border-slate-300 bg-white px-2 py-1.5 text-left text-xs hover:bg-slate-50 active:cursor-grabbing"
          title={t('paletteHelp')}
          data-testid={`palette-${type}`}
        >
          <span aria-hidden>{NODE_GLYPH[type]}</span>
          {t(`nodeTypes.${type}`)}
        </button>
      ))}
    </div>
  );
}
