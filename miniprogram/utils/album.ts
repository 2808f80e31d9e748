/**
 * Saving pictures to the phone's album (wx.saveImageToPhotosAlbum, a privacy API: the page
 * shows `<privacy-popup class="privacy-popup" />`). Used by 推广海报 and 推广素材, so both explain
 * a refusal in the same words.
 */

/** Tells the user why a save failed; a refused album permission can only be granted again in the settings page. */
export async function explainSaveFailure(error: unknown): Promise<void> {
  const text = String((error as { errMsg?: string }).errMsg ?? '');
  // 拒绝 in the privacy popup: the settings page cannot change that, the next save asks again.
  if (/privacy/i.test(text)) {
    void wx.showToast({ title: '同意隐私保护指引后才能保存到相册', icon: 'none' });
    return;
  }
  if (!/auth|authorize/i.test(text)) {
    void wx.showToast({ title: '保存失败，请重试', icon: 'none' });
    return;
  }
  const answer = await wx.showModal({
    title: '需要相册权限',
    content: '请在设置中允许保存到相册',
    confirmText: '去设置',
  });
  if (answer.confirm) void wx.openSetting();
}

/** Downloads a link to a temporary file (wx.downloadFile answers a task, not a promise). */
function download(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.downloadFile({
      url,
      success: (answer) =>
        answer.statusCode === 200
          ? resolve(answer.tempFilePath)
          : reject({ errMsg: `downloadFile:fail status ${answer.statusCode}` }),
      fail: reject,
    });
  });
}

/**
 * Downloads each link and saves it to the album, one after the other (the album permission is
 * asked once, on the first). Answers how many were saved; the first failure stops and is explained.
 */
export async function saveLinksToAlbum(urls: readonly string[]): Promise<number> {
  let saved = 0;
  try {
    for (const url of urls) {
      await wx.saveImageToPhotosAlbum({ filePath: await download(url) });
      saved += 1;
    }
  } catch (error) {
    await explainSaveFailure(error);
  }
  return saved;
}
