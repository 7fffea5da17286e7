// Reads the wall clock that ffmpeg burnt into the test publisher's picture with burnt-in-clock.vf (an ffmpeg filter
// script: -filter_script:v). Each frame carries, in its top-left 704x32 pixels, the Unix time in milliseconds at
// which ffmpeg made it (the frame's capture, as a phone's camera would) as 44 blocks of 16x16: a white block, a black
// block, then 42 bits, most significant first, white = 1. The row below repeats them inverted, so a block that
// compression smeared or a frame that is not the test pattern reads as null instead of a wrong time.
// Usage in a page: readBurntInClock(videoElement) -> Unix milliseconds, or null. For a rendition scaled down from the
// publisher's picture (the quality ladder), pass the publisher's width: the blocks are scaled back up before reading.
window.readBurntInClock = (video, sourceWidth = video.videoWidth) => {
  const size = 16, bits = 42, width = (bits + 2) * size, height = 2 * size;
  const scale = video.videoWidth / sourceWidth;
  if (video.readyState < 2 || video.videoWidth < width * scale || video.videoHeight < height * scale) return null;
  const canvas = window.readBurntInClock.canvas ??= Object.assign(document.createElement("canvas"), { width, height });
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.drawImage(video, 0, 0, width * scale, height * scale, 0, 0, width, height);
  const pixels = context.getImageData(0, 0, width, height).data;
  const brightness = (block, row) => { // mean green of the block's middle 8x8
    let sum = 0;
    for (let y = row * size + 4; y < row * size + 12; y++) {
      for (let x = block * size + 4; x < block * size + 12; x++) sum += pixels[(y * width + x) * 4 + 1];
    }
    return sum / 64;
  };
  let milliseconds = 0;
  for (let block = 0; block < bits + 2; block++) {
    const top = brightness(block, 0), bottom = brightness(block, 1);
    if (Math.abs(top - bottom) < 128) return null;
    const bit = top > bottom ? 1 : 0;
    if (block < 2) {
      if (bit !== 1 - block) return null;
    } else {
      milliseconds = milliseconds * 2 + bit;
    }
  }
  return milliseconds;
};
