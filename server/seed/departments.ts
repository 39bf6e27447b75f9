// Departments named in the seed policy documents (shared/seeds), simplified characters.
// `code` is our stable key; the credit office (市信用办) is where editors, approvers and
// auditors sit in the demo.
export const SEED_DEPARTMENTS = [
  { code: 'XYB', nameZh: '市信用办', nameEn: 'Municipal Credit Office', isCreditOffice: true },
  { code: 'FGW', nameZh: '市发展改革委', nameEn: 'Development and Reform Commission', isCreditOffice: false },
  { code: 'SCJG', nameZh: '市市场监管局', nameEn: 'Market Regulation Administration', isCreditOffice: false },
  { code: 'STHJ', nameZh: '市生态环境局', nameEn: 'Ecology and Environment Bureau', isCreditOffice: false },
  { code: 'ZJJ', nameZh: '市住房城乡建设局', nameEn: 'Housing and Urban-Rural Development Bureau', isCreditOffice: false },
  { code: 'JTJ', nameZh: '市交通运输局', nameEn: 'Transport Bureau', isCreditOffice: false },
  { code: 'RSJ', nameZh: '市人力资源社会保障局', nameEn: 'Human Resources and Social Security Bureau', isCreditOffice: false },
  { code: 'CZJ', nameZh: '市财政局', nameEn: 'Finance Bureau', isCreditOffice: false },
  { code: 'GAJ', nameZh: '市公安局', nameEn: 'Public Security Bureau', isCreditOffice: false },
  { code: 'WJW', nameZh: '市卫生健康委', nameEn: 'Health Commission', isCreditOffice: false },
  { code: 'YJJ', nameZh: '市应急局', nameEn: 'Emergency Management Bureau', isCreditOffice: false },
  { code: 'SWJ', nameZh: '市商务局', nameEn: 'Commerce Bureau', isCreditOffice: false },
  { code: 'WGLJ', nameZh: '市文化广电旅游局', nameEn: 'Culture, Radio, TV and Tourism Bureau', isCreditOffice: false },
  { code: 'MZJ', nameZh: '市民政局', nameEn: 'Civil Affairs Bureau', isCreditOffice: false },
  { code: 'SFJ', nameZh: '市司法局', nameEn: 'Justice Bureau', isCreditOffice: false },
  { code: 'ZWJ', nameZh: '市政务服务大数据局', nameEn: 'Government Services and Big Data Bureau', isCreditOffice: false },
  { code: 'JTYJ', nameZh: '市教育体育局', nameEn: 'Education and Sports Bureau', isCreditOffice: false },
  { code: 'YBJ', nameZh: '市医疗保障局', nameEn: 'Healthcare Security Bureau', isCreditOffice: false },
  { code: 'NYJ', nameZh: '市农业农村局', nameEn: 'Agriculture and Rural Affairs Bureau', isCreditOffice: false },
  { code: 'CGJ', nameZh: '市城市管理局', nameEn: 'Urban Management Bureau', isCreditOffice: false },
] as const;
