import { formatFen } from '../../../shared/money';

Page({
  data: { title: '分销商城', sampleAmount: formatFen(12800) },
});
