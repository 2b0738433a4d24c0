import { describe, expect, it, vi } from "vitest";
import { retriableError } from "../testing/fake-port.js";
import { createHarness, errorCode, json, TOPIC } from "../testing/harness.js";

const ALL_OK = { producerConnected: true, topicsExist: true, topicsDurable: true, notDraining: true };

describe("GET /healthz and /readyz", () => {
  it("/healthz answers 200 whatever Kafka's state", async () => {
    const h = await createHarness();
    h.port.connected = false;
    expect((await h.app.request("/healthz")).status).toBe(200);
  });

  it("/readyz answers 200 with every check passing when connected, topics exist and not draining", async () => {
    const h = await createHarness();
    const res = await h.app.request("/readyz");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "ready", checks: ALL_OK });
  });

  it("/readyz answers 503 with notDraining false while draining, though requests are still served", async () => {
    const h = await createHarness();
    h.state.startDraining();
    const res = await h.app.request("/readyz");
    expect(res.status).toBe(503);
    expect(await json(res)).toEqual({ status: "not ready", checks: { ...ALL_OK, notDraining: false } });
    expect((await h.post('{"type":"a"}')).status).toBe(202);
  });

  it("/readyz fails producerConnected when the producer is disconnected", async () => {
    const h = await createHarness();
    h.port.connected = false;
    expect((await json(await h.app.request("/readyz")))["checks"]).toMatchObject({
      producerConnected: false,
    });
  });

  it("/readyz fails producerConnected after a retriable produce failure, until a send succeeds", async () => {
    const h = await createHarness();
    h.port.fail(TOPIC, retriableError(), 1);
    expect((await h.post('{"type":"a"}')).status).toBe(503);
    expect((await h.app.request("/readyz")).status).toBe(503);
    expect((await h.post('{"type":"a"}')).status).toBe(202);
    expect((await h.app.request("/readyz")).status).toBe(200);
  });

  it("/readyz fails topicsDurable and says why when a topic's min.insync.replicas is below KAFKA_MIN_ISR_REQUIRED", async () => {
    const h = await createHarness({ env: { KAFKA_MIN_ISR_REQUIRED: "2" } });
    h.port.topics.set(TOPIC, { partitions: 3, replicationFactor: 3, minInsyncReplicas: 1 });
    await h.topics.refresh();
    const res = await h.app.request("/readyz");
    expect(res.status).toBe(503);
    expect(await json(res)).toEqual({
      status: "not ready",
      checks: { ...ALL_OK, topicsDurable: false },
      problems: ["topic events: min.insync.replicas=1 is below KAFKA_MIN_ISR_REQUIRED=2"],
    });
  });

  it("/readyz fails topicsExist when a topic disappears", async () => {
    const h = await createHarness();
    h.port.topics.delete(TOPIC);
    await h.topics.refresh();
    const res = await h.app.request("/readyz");
    expect(res.status).toBe(503);
    expect((await json(res))["checks"]).toMatchObject({ topicsExist: false });
  });
});

describe("draining", () => {
  it("answers POST /events with 503 DRAINING, Retry-After and Connection: close once closed", async () => {
    const h = await createHarness();
    h.state.close();
    const res = await h.post('{"type":"a"}');
    expect(res.status).toBe(503);
    expect(await errorCode(res)).toBe("DRAINING");
    expect(res.headers.get("retry-after")).toBe("1");
    expect(res.headers.get("connection")).toBe("close");
    expect(h.port.calls).toHaveLength(0);
  });
});

describe("saturation", () => {
  it("answers 503 SATURATED with Retry-After past MAX_INFLIGHT_BYTES, stays ready, then recovers", async () => {
    const clock = { now: 1_000_000 };
    // One ~1 KB request reserves ~11 KB (body x10 + 1 KiB); a second one does not fit in 16 KiB.
    const h = await createHarness({ env: { MAX_INFLIGHT_BYTES: "16384" }, now: () => clock.now });
    h.port.fail(TOPIC, "hang", 1);
    const body = JSON.stringify({ type: "a", data: "x".repeat(1_000) });
    const first = h.post(body);
    await vi.waitFor(() => {
      expect(h.port.calls).toHaveLength(1);
    });

    const refused = await h.post(body);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(await errorCode(refused)).toBe("SATURATED");
    // Saturation is the clients' doing, not the instance's health: readiness stays green.
    expect((await h.app.request("/readyz")).status).toBe(200);

    h.port.releaseHung();
    expect((await first).status).toBe(202);
    expect(h.state.inflightBytes).toBe(0);
    clock.now += 1_000;
    expect((await h.app.request("/readyz")).status).toBe(200);
    expect((await h.post(body)).status).toBe(202);
  });
});

describe("GET /metrics", () => {
  it("reports readiness as of the scrape, even when /readyz was never called", async () => {
    const h = await createHarness();
    expect(await (await h.app.request("/metrics")).text()).toContain("ingestor_ready 1");
    h.state.startDraining();
    expect(await (await h.app.request("/metrics")).text()).toContain("ingestor_ready 0");
  });

  it("exposes the ingestor_ metrics from the injected registry, default process metrics included", async () => {
    const h = await createHarness({ defaultMetrics: true });
    await h.post('[{"type":"a"},{"type":"b"}]');
    await h.app.request("/readyz");
    await h.app.request("/some/random/path/123");
    const res = await h.app.request("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    for (const line of [
      'ingestor_http_requests_total{route="/events",method="POST",status="202"} 1',
      'ingestor_http_requests_total{route="other",method="GET",status="404"} 1',
      'ingestor_events_total{outcome="accepted"} 2',
      "ingestor_kafka_batch_records_count 1",
      "ingestor_ready 1",
      "ingestor_inflight_bytes 0",
    ]) {
      expect(text).toContain(line);
    }
    for (const name of [
      "ingestor_http_request_duration_seconds_bucket",
      "ingestor_kafka_produce_duration_seconds_bucket",
      "process_cpu_user_seconds_total",
      "ingestor_kafka_errors_total",
      "ingestor_dlq_events_total",
    ]) {
      expect(text).toContain(name);
    }
    // Default process metrics keep their standard names (dashboards); the service's own carry ingestor_.
    expect(text).not.toMatch(/^(?!#)(?!ingestor_|process_|nodejs_)\w+/m);
  });

  it("counts one failed produce request as exactly one Kafka error of its kind", async () => {
    const h = await createHarness();
    h.port.fail(TOPIC, retriableError(), 1);
    expect((await h.post('{"type":"a"}')).status).toBe(503);
    const text = await h.metrics.registry.metrics();
    expect(text).toContain('ingestor_kafka_errors_total{kind="connection"} 1\n');
    expect(text.match(/^ingestor_kafka_errors_total\{/gm)).toHaveLength(1);
  });

  it("answers an unexpected error with 500 INTERNAL and no internals, logging the detail", async () => {
    const h = await createHarness();
    vi.spyOn(h.metrics.registry, "metrics").mockRejectedValue(new Error("secret stack detail"));
    const res = await h.app.request("/metrics");
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "INTERNAL", message: "internal error" } });
    expect(text).not.toContain("secret");
    expect(JSON.stringify(h.logs())).toContain("secret stack detail");
  });
});
