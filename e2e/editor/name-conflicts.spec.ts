import { usccCheckChar } from '../../forms/formats/uscc';
import { expect, test, call, signedInAs } from '../fixtures';

/**
 * Issue 16 (subjects as master data, 本溪 统一代码 重错码 治理): one code is used at the counter
 * under two names; the credit file warns; the office opens 主体名称核查 from there, reads both
 * names with the day each was first seen, records that it is a rename with what it is based on,
 * and the warning is gone.
 */
test('the office reviews a code seen under two names and records it as a rename', async ({ browser }) => {
  const stamp = String(Date.now()).slice(-6);
  const first17 = `91410200MA5${stamp}`;
  const code = first17 + usccCheckChar(first17);
  const filler = await signedInAs(browser, 'filler');
  for (const name of [`开封原名${stamp}商贸有限公司`, `开封新名${stamp}商贸有限公司`]) {
    await call(filler.page, 'commitment.issue', { itemCode: 'CN-SCJG-001', subjectType: '法人及非法人组织', subjectCode: code, subjectName: name, legalRepresentative: '王五' });
  }
  await filler.close();

  const editor = await signedInAs(browser, 'editor');
  const page = editor.page;
  await page.goto(`/subjects/${code}`);
  await expect(page.getByText('同一代码出现不同名称')).toBeVisible();
  await page.getByRole('link', { name: '去核查' }).click();
  await expect(page.getByRole('heading', { name: '主体名称核查（重错码治理）' })).toBeVisible();
  const card = page.getByTestId('name-conflict').filter({ hasText: code });
  await expect(card).toHaveCount(1);
  await expect(card.getByRole('cell', { name: `开封原名${stamp}商贸有限公司` })).toBeVisible();
  await expect(card.getByRole('cell', { name: `开封新名${stamp}商贸有限公司` })).toBeVisible();
  await card.getByRole('button', { name: '核查…' }).click();
  await card.getByRole('radio', { name: '属于更名' }).check();
  // Nothing is recorded without its basis.
  await card.getByRole('button', { name: '提交核查结论' }).click();
  await expect(card.getByText('请写明核查依据。')).toBeVisible();
  await card.getByLabel('核查依据').fill('营业执照变更登记，已核实为同一主体更名');
  await expect(card.getByText('请写明核查依据。')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/name-conflicts.png', fullPage: true });
  await card.getByRole('button', { name: '提交核查结论' }).click();
  await expect(page.getByText('已记录核查结论')).toBeVisible();
  await expect(page.getByTestId('name-conflict').filter({ hasText: code })).toHaveCount(0);

  await page.goto(`/subjects/${code}`);
  await expect(page.getByText('同一代码出现不同名称')).toHaveCount(0);
  await expect(page.getByText(`开封原名${stamp}商贸有限公司`).first()).toBeVisible();
  await editor.close();

  const filler2 = await signedInAs(browser, 'filler');
  await filler2.page.goto('/subjects/name-conflicts');
  await expect(filler2.page.getByRole('heading', { name: '主体名称核查（重错码治理）' })).toHaveCount(0);
  await filler2.close();
});
