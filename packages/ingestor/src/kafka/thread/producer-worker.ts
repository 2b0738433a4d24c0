// Entry of the producer thread: kafkajs runs here so that encoding records (varints, CRCs, many small
// buffers) and its garbage stay off the thread that serves HTTP. Started by worker-port.ts.
import { parentPort, workerData } from "node:worker_threads";
import type { Config } from "../../config.js";
import { dropKafkajsTimerWarning } from "../../lifecycle/warnings.js";
import { createKafkaPort } from "../kafkajs.js";
import { serveProducer, type ThreadMessage, type ThreadRequest } from "./protocol.js";

if (parentPort === null) throw new Error("producer-worker.js runs as a worker thread only");
const parent = parentPort;
const post = (message: ThreadMessage): void => {
  parent.postMessage(message);
};
dropKafkajsTimerWarning((w) => {
  post({ type: "log", level: "warn", entry: { warning: w.name }, message: w.message });
});

const port = createKafkaPort(
  workerData as Config["kafka"],
  (level, entry, message) => {
    try {
      post({ type: "log", level, entry, message });
    } catch {
      // An entry that cannot be cloned (kafkajs may attach objects) must not take the thread down.
      post({ type: "log", level, entry: { entry: JSON.stringify(entry) }, message });
    }
  },
  (connected) => {
    post({ type: "connected", connected });
  },
);

serveProducer(
  {
    postMessage: post,
    on: (event, listener) =>
      parent.on(event, (message) => {
        listener(message as ThreadRequest);
      }),
  },
  port,
);
