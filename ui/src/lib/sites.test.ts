// The New Site form as the core receives it.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ZONE, emptyForm, newSiteOf } from './sites.svelte';

describe('the New Site form', () => {
  it('starts in China Standard Time with an address to complete', () => {
    expect(emptyForm()).toEqual({ name: '', url: 'https://', zone: 'Asia/Shanghai', channels: '', path: '' });
  });

  it('sends one channel per line, blank lines and pasted CRLFs dropped, fields trimmed', () => {
    const site = newSiteOf({
      name: ' 仁怀融媒 ',
      url: ' https://renhuai.example ',
      zone: '',
      channels: '本地新闻\r\n\r\n  酒乡文化  \n便民服务\r',
      path: '/tmp/renhuai.db',
    });
    expect(site).toEqual({
      name: '仁怀融媒',
      base_url: 'https://renhuai.example',
      time_zone: DEFAULT_ZONE,
      channels: ['本地新闻', '酒乡文化', '便民服务'],
    });
  });
});
