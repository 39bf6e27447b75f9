import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { Sampling } from './sampling';

/** 双随机抽查: draw an inspection sample per grade from a grading run, reproducibly, and export it. */
export default async function SamplingPage() {
  const { viewer, allowed } = await viewerWithRole(['editor', 'filler']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <Sampling />;
}
