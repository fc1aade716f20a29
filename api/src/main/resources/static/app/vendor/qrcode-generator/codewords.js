// QR Code Generator for JavaScript 2.0.4, Copyright (c) 2009 Kazuhiko Arase, MIT licence: ../qrcode-generator.LICENSE.txt.
// "QR Code" is a registered trademark of DENSO WAVE INCORPORATED. Split into modules of one job each by Kith; the
// code of each part is the original's.

import { qrPolynomial } from './math.js';
import { QRRSBlock } from './rs-block.js';
import { qrBitBuffer } from './segments.js';
import { QRUtil } from './tables.js';

const PAD0 = 0xEC;
const PAD1 = 0x11;

const createBytes = function(buffer, rsBlocks) {

  let offset = 0;

  let maxDcCount = 0;
  let maxEcCount = 0;

  const dcdata = new Array(rsBlocks.length);
  const ecdata = new Array(rsBlocks.length);

  for (let r = 0; r < rsBlocks.length; r += 1) {

    const dcCount = rsBlocks[r].dataCount;
    const ecCount = rsBlocks[r].totalCount - dcCount;

    maxDcCount = Math.max(maxDcCount, dcCount);
    maxEcCount = Math.max(maxEcCount, ecCount);

    dcdata[r] = new Array(dcCount);

    for (let i = 0; i < dcdata[r].length; i += 1) {
      dcdata[r][i] = 0xff & buffer.getBuffer()[i + offset];
    }
    offset += dcCount;

    const rsPoly = QRUtil.getErrorCorrectPolynomial(ecCount);
    const rawPoly = qrPolynomial(dcdata[r], rsPoly.getLength() - 1);

    const modPoly = rawPoly.mod(rsPoly);
    ecdata[r] = new Array(rsPoly.getLength() - 1);
    for (let i = 0; i < ecdata[r].length; i += 1) {
      const modIndex = i + modPoly.getLength() - ecdata[r].length;
      ecdata[r][i] = (modIndex >= 0)? modPoly.getAt(modIndex) : 0;
    }
  }

  let totalCodeCount = 0;
  for (let i = 0; i < rsBlocks.length; i += 1) {
    totalCodeCount += rsBlocks[i].totalCount;
  }

  const data = new Array(totalCodeCount);
  let index = 0;

  for (let i = 0; i < maxDcCount; i += 1) {
    for (let r = 0; r < rsBlocks.length; r += 1) {
      if (i < dcdata[r].length) {
        data[index] = dcdata[r][i];
        index += 1;
      }
    }
  }

  for (let i = 0; i < maxEcCount; i += 1) {
    for (let r = 0; r < rsBlocks.length; r += 1) {
      if (i < ecdata[r].length) {
        data[index] = ecdata[r][i];
        index += 1;
      }
    }
  }

  return data;
};

const createData = function(typeNumber, errorCorrectionLevel, dataList) {

  const rsBlocks = QRRSBlock.getRSBlocks(typeNumber, errorCorrectionLevel);

  const buffer = qrBitBuffer();

  for (let i = 0; i < dataList.length; i += 1) {
    const data = dataList[i];
    buffer.put(data.getMode(), 4);
    buffer.put(data.getLength(), QRUtil.getLengthInBits(data.getMode(), typeNumber) );
    data.write(buffer);
  }

  // calc num max data.
  let totalDataCount = 0;
  for (let i = 0; i < rsBlocks.length; i += 1) {
    totalDataCount += rsBlocks[i].dataCount;
  }

  if (buffer.getLengthInBits() > totalDataCount * 8) {
    throw 'code length overflow. ('
      + buffer.getLengthInBits()
      + '>'
      + totalDataCount * 8
      + ')';
  }

  // end code
  if (buffer.getLengthInBits() + 4 <= totalDataCount * 8) {
    buffer.put(0, 4);
  }

  // padding
  while (buffer.getLengthInBits() % 8 != 0) {
    buffer.putBit(false);
  }

  // padding
  while (true) {

    if (buffer.getLengthInBits() >= totalDataCount * 8) {
      break;
    }
    buffer.put(PAD0, 8);

    if (buffer.getLengthInBits() >= totalDataCount * 8) {
      break;
    }
    buffer.put(PAD1, 8);
  }

  return createBytes(buffer, rsBlocks);
};

export { createData };
