import { lyingBombWorkbook } from '../../server/testing/zip-bomb';
import { expect, signInViaApi, test } from '../fixtures';

const header = 'subjectType,subjectCode,subjectName,CF_XDR_MC,CF_XDR_LB,CF_JDRQ';
const rows = [
  '法人及非法人组织,12440300MB2C92173E,导入甲公司,导入甲公司,法人及非法人组织,2024-09-27',
  '法人及非法人组织,12440300MB2C92173A,导入乙公司,导入乙公司,法人及非法人组织,2024-09-27', // bad check character
  '法人及非法人组织,91110000600037341L,导入丙公司,另一家公司,法人及非法人组织,2024-09-27', // the body names another subject
  '法人及非法人组织,91120224064012553U,导入丁公司,导入丁公司,法人及非法人组织,2024-13-40', // bad date
  '法人及非法人组织,91310000631696382C,导入戊公司,导入戊公司,法人及非法人组织,2024-10-08',
];

test('an import with 3 bad rows shows the report, then commits the valid rows after confirmation', { tag: '@smoke' }, async ({ page }) => {
  await signInViaApi(page, 'filler');
  await page.goto('/records');
  await page.getByRole('link', { name: '批量导入（Excel/CSV）' }).click();
  await expect(page).toHaveURL(/\/records\/import$/);
  await page.getByLabel('目录项').selectOption('XZCF');
  await page.getByLabel('导入文件').setInputFiles({ name: 'penalties.csv', mimeType: 'text/csv', buffer: Buffer.from([header, ...rows].join('\n'), 'utf8') });
  await page.getByRole('button', { name: '开始检查' }).click();
  const report = page.getByTestId('import-report');
  await expect(report).toBeVisible();
  await expect(report.locator('tbody tr')).toHaveCount(3);
  await expect(report).toContainText('校验位错误');
  await expect(report).toContainText('应与主体名称一致（导入丙公司）');
  await page.screenshot({ path: 'test-results/import-report.png', fullPage: true });

  await page.getByRole('radio', { name: '导入有效行（跳过有错误的行）' }).check();
  await page.getByRole('button', { name: '开始导入' }).click();
  await expect(report).toContainText(/已(写入|导入)|committed/i);
  await page.goto('/records');
  await page.getByLabel('搜索主体名称或代码').fill('导入');
  await expect(page.getByRole('row', { name: /导入甲公司/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /导入戊公司/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /导入乙公司/ })).toHaveCount(0);
});

test('a zip-bomb workbook is refused at once with the reason in Chinese, and nothing is imported', async ({ page }) => {
  await signInViaApi(page, 'filler');
  await page.goto('/records/import');
  await page.getByLabel('目录项').selectOption('XZCF');
  await page.getByLabel('导入文件').setInputFiles({ name: '炸弹.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(lyingBombWorkbook()) });
  await page.getByRole('button', { name: '开始检查' }).click();
  await expect(page.getByText('「炸弹.xlsx」中的 xl/sharedStrings.xml 解压后比文件自己声明的大小更大（可能是“压缩炸弹”），已停止读取')).toBeVisible();
  await expect(page.getByTestId('import-report')).toHaveCount(0);
  await expect(page.locator('progress')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/import-zip-bomb.png', fullPage: true });
});
