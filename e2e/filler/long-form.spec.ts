import { expect, fillerOnNewRecord, publishDesignedItem, signInViaApi, startCatalogItem, test } from '../fixtures';

const FIELDS = 80;
const REQUIRED = 75;

/** An 80-item definition, as an office pastes one migrated from an older system: 第75项 is required. */
function longDefinition() {
  const keys = Array.from({ length: FIELDS }, (_, i) => `item_${i + 1}`);
  return {
    schema: {
      type: 'object',
      properties: Object.fromEntries(keys.map((k) => [k, { type: 'string', maxLength: 200 }])),
      required: [`item_${REQUIRED}`],
      additionalProperties: false,
    },
    ui: {
      order: keys,
      fields: Object.fromEntries(keys.map((k, i) => [k, { label: { 'zh-CN': `第${i + 1}项`, en: `Item ${i + 1}` }, widget: 'text' }])),
    },
  };
}

test('a filler fills an 80-item form: fields off screen are skipped until reached, yet Tab walks through them and the error focus on submit brings the missing one into view', async ({ page, browser }) => {
  const code = `LF${Date.now().toString(36).toUpperCase()}`;
  const name = `企业年度信用报告${code.slice(-4)}`;

  // The editor pastes the definition into the designer's JSON tab; it is approved.
  await signInViaApi(page, 'editor');
  await startCatalogItem(page, code, name);
  await page.getByRole('button', { name: '打开表单设计器' }).click();
  const designer = page.getByRole('dialog', { name: '表单设计器' });
  await designer.getByRole('tab', { name: 'JSON' }).click();
  const json = designer.getByLabel('表单定义 JSON');
  // Half-pasted JSON is not applied, and nothing lets it be lost: no switching tabs, no closing.
  await json.fill('{"schema": {"type": "object"');
  await expect(designer.getByText('JSON 格式不正确，修正后才会应用。')).toBeVisible();
  await expect(designer.getByText('定义有效，可以保存。')).toHaveCount(0);
  await expect(designer.getByRole('tab', { name: '可视化设计' })).toBeDisabled();
  await expect(designer.getByRole('button', { name: '完成' })).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(json).toHaveValue('{"schema": {"type": "object"');
  await page.screenshot({ path: 'test-results/long-form-bad-json.png' });
  // Restoring gives back the last valid definition (the empty one); then the real paste.
  await designer.getByRole('button', { name: '恢复为上次有效的定义' }).click();
  await expect(json).not.toHaveValue(/"type": "object"$/);
  await expect(designer.getByRole('button', { name: '完成' })).toBeEnabled();
  await json.fill(JSON.stringify(longDefinition(), null, 2));
  await designer.getByRole('tab', { name: '可视化设计' }).click();
  await expect(designer.getByText('定义有效，可以保存。')).toBeVisible();
  await publishDesignedItem(page, browser, code, FIELDS);

  // The filler opens the long form.
  const { context, page: filler } = await fillerOnNewRecord(browser, code, name);
  const item = (n: number) => filler.getByLabel(new RegExp(`^第${n}项`));

  // Far below the window the browser has not laid the items out, but they are in the page.
  const skipped = (n: number) => item(n).evaluate((el) => !el.checkVisibility({ contentVisibilityAuto: true }));
  expect(await skipped(70)).toBe(true);
  await expect(item(70)).toHaveCount(1);

  // Keyboard alone: Tab walks from 第1项 into the skipped part of the form.
  await item(1).fill('第一项内容');
  for (let n = 2; n <= 12; n++) {
    await filler.keyboard.press('Tab');
    await expect(item(n)).toBeFocused();
  }
  await filler.keyboard.type('经键盘填写');
  await expect(item(12)).toHaveValue('经键盘填写');

  // Submitting without 第75项: it is focused, scrolled into view and says what is wrong.
  await filler.getByRole('button', { name: '提交', exact: true }).click();
  await expect(item(REQUIRED)).toBeFocused();
  await expect(item(REQUIRED)).toBeInViewport();
  await expect(item(REQUIRED)).toHaveAttribute('aria-invalid', 'true');
  await expect(filler.locator(`#rec-item_${REQUIRED}-error`)).toContainText(`第${REQUIRED}项`);
  await filler.screenshot({ path: 'test-results/long-form-error.png' });
  await item(REQUIRED).fill('必填项已补充');
  // What was typed above the fold is still there after the round trip through skipped blocks.
  await expect(item(1)).toHaveValue('第一项内容');
  await filler.getByRole('button', { name: '提交', exact: true }).click();
  await expect(filler).toHaveURL(/\/records\/[0-9a-f-]{36}$/);
  await expect(filler.getByText('必填项已补充')).toBeVisible();
  await context.close();
});
