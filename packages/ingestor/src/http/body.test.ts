import { describe, expect, it } from "vitest";
import { HttpError } from "../errors.js";
import { checkTransferEncoding } from "./body.js";

describe("checkTransferEncoding", () => {
  it.each([undefined, "chunked", " Chunked "])("lets %j through", (te) => {
    expect(() => {
      checkTransferEncoding(te);
    }).not.toThrow();
  });

  it.each(["gzip, chunked", "deflate", "chunked, gzip"])(
    "refuses %j with 501 UNSUPPORTED_TRANSFER_ENCODING (Node would hand over the body still encoded)",
    (te) => {
      let thrown: unknown;
      try {
        checkTransferEncoding(te);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(HttpError);
      expect(thrown).toMatchObject({ status: 501, code: "UNSUPPORTED_TRANSFER_ENCODING" });
    },
  );
});
