import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { Designer } from './designer';

/** The designer works on a draft, which only editors may hold; others follow the runs. */
export default async function GradingModelPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const { viewer, allowed } = await viewerWithRole(['editor']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <Designer code={decodeURIComponent(code)} />;
}
