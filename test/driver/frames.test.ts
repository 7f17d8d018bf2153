// Frame splitting of the bytes a broker sends.
import { describe, expect, it } from "vitest";
import { FrameSplitter } from "../../support/driver/frames.ts";

const hex = (text: string) => Buffer.from(text.replace(/ /g, ""), "hex");

describe("FrameSplitter", () => {
  it.each([
    // name, chunks, frames
    ["one PINGRESP", ["d0 00"], ["d000"]],
    ["two packets in one chunk", ["d0 00 40 02 00 05"], ["d000", "40020005"]],
    ["a packet split after its first byte", ["40", "02 00 05"], ["40020005"]],
    ["a two-byte Remaining Length (200)", [`30 c8 01${" 00".repeat(200)}`], [`30c801${"00".repeat(200)}`]],
  ])("%s", (_name, chunks, frames) => {
    const splitter = new FrameSplitter();
    const out = chunks.flatMap((chunk) => splitter.push(hex(chunk)).frames.map((frame) => frame.toString("hex")));
    expect(out).toEqual(frames);
    expect(splitter.leftover).toHaveLength(0);
  });

  it("keeps an incomplete packet for later", () => {
    const splitter = new FrameSplitter();
    expect(splitter.push(hex("30 05 00 01")).frames).toEqual([]);
    expect(splitter.leftover.toString("hex")).toBe("30050001");
  });

  it("reports a Remaining Length longer than four bytes as garbage", () => {
    const split = new FrameSplitter().push(hex("30 ff ff ff ff 7f"));
    expect(split.frames).toEqual([]);
    expect(split.garbage?.toString("hex")).toBe("30ffffffff7f");
  });
});
