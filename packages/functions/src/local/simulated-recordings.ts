import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { SIMULATOR_SIGNATURE_HEADER, SIMULATOR_TIMESTAMP_HEADER, signSimulatorEvent } from "@callboard/core/telephony/signature";

/**
 * The simulator's call recordings: a recorded call that was answered and talked produces a short
 * valid WAV (RIFF, 8 kHz 16-bit mono PCM: a quiet tone, so a player shows it plays), kept until
 * our API fetches and deletes it, like Twilio's Recordings API; the finished recording is
 * reported by a signed callback to `/v1/telephony/simulator/recording`.
 */

const SAMPLE_RATE = 8000;
/** Enough to hear that it plays; a long call still makes a short file (the simulator keeps it in memory). */
const MAX_AUDIO_SECONDS = 3;

/** A RIFF/WAVE file of PCM samples: a 440 Hz tone at low volume, `seconds` long (at least 1). */
export function simulatedWav(seconds: number): Uint8Array {
  const samples = Math.max(1, Math.min(MAX_AUDIO_SECONDS, Math.round(seconds))) * SAMPLE_RATE;
  const dataBytes = samples * 2;
  const buffer = Buffer.alloc(44 + dataBytes);
  buffer.write("RIFF", 0, "ascii");
  buffer.writeUInt32LE(36 + dataBytes, 4);
  buffer.write("WAVE", 8, "ascii");
  buffer.write("fmt ", 12, "ascii");
  buffer.writeUInt32LE(16, 16); // fmt chunk size
  buffer.writeUInt16LE(1, 20); // PCM
  buffer.writeUInt16LE(1, 22); // mono
  buffer.writeUInt32LE(SAMPLE_RATE, 24);
  buffer.writeUInt32LE(SAMPLE_RATE * 2, 28); // byte rate
  buffer.writeUInt16LE(2, 32); // block align
  buffer.writeUInt16LE(16, 34); // bits per sample
  buffer.write("data", 36, "ascii");
  buffer.writeUInt32LE(dataBytes, 40);
  for (let index = 0; index < samples; index++) buffer.writeInt16LE(Math.round(2000 * Math.sin((2 * Math.PI * 440 * index) / SAMPLE_RATE)), 44 + index * 2);
  return new Uint8Array(buffer);
}

export interface SimulatedRecording {
  recordingId: string;
  callId: string;
  providerCallId: string;
  durationSeconds: number;
  /** HTTP status of each callback delivery (0 = network error). */
  deliveries: number[];
  /** Our API fetched the audio / deleted it here. */
  downloaded: boolean;
  deleted: boolean;
}

export interface SimulatedRecordingsOptions {
  webhookUrl: string;
  secret: string;
  clockOffsetSeconds?: number;
  /** "manual": keep the callback until `deliver` is called (tests of a callback after the disposition). */
  callbacks?: "auto" | "manual";
}

export function createSimulatedRecordings(options: SimulatedRecordingsOptions) {
  const audio = new Map<string, Uint8Array>();
  const byProviderCallId = new Map<string, SimulatedRecording>();
  const all: SimulatedRecording[] = [];
  const waiters = new Map<string, ReturnType<typeof Promise.withResolvers<SimulatedRecording>>>();
  let callbacks = options.callbacks ?? "auto";
  let stopped = false;
  const waiter = (providerCallId: string) => {
    let entry = waiters.get(providerCallId);
    if (!entry) waiters.set(providerCallId, (entry = Promise.withResolvers<SimulatedRecording>()));
    return entry;
  };

  async function deliver(providerCallId: string): Promise<number> {
    const recording = byProviderCallId.get(providerCallId);
    if (!recording) throw new Error(`No recording of ${providerCallId}.`);
    const timestamp = Math.floor(Date.now() / 1000) + (options.clockOffsetSeconds ?? 0);
    const body = JSON.stringify({
      type: "recording",
      callId: recording.callId,
      providerCallId,
      recordingId: recording.recordingId,
      status: "completed",
      durationSeconds: recording.durationSeconds,
      occurredAt: new Date().toISOString(),
    });
    let status = 0;
    // Like a provider: a network error or 5xx is retried a couple of times.
    for (let attempt = 1; attempt <= 3 && !stopped; attempt++) {
      try {
        const response = await fetch(options.webhookUrl, {
          method: "POST",
          headers: { "content-type": "application/json", [SIMULATOR_TIMESTAMP_HEADER]: String(timestamp), [SIMULATOR_SIGNATURE_HEADER]: signSimulatorEvent(options.secret, timestamp, body) },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        status = response.status;
      } catch {
        status = 0;
      }
      recording.deliveries.push(status);
      if (status >= 200 && status < 500) break;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
    waiter(providerCallId).resolve(recording);
    return status;
  }

  return {
    all: all as readonly SimulatedRecording[],
    /** A recorded call ended after `talkSeconds` of talk: make its audio and report it. */
    finish(call: { callId: string; providerCallId: string }, talkSeconds: number): SimulatedRecording {
      const recording: SimulatedRecording = { recordingId: `SIMRE${randomUUID().replaceAll("-", "")}`, callId: call.callId, providerCallId: call.providerCallId, durationSeconds: Math.max(1, talkSeconds), deliveries: [], downloaded: false, deleted: false };
      audio.set(recording.recordingId, simulatedWav(recording.durationSeconds));
      byProviderCallId.set(call.providerCallId, recording);
      all.push(recording);
      if (callbacks === "auto") void deliver(call.providerCallId);
      return recording;
    },
    deliver,
    /** Resolves when the call's recording callback was delivered (or given up on). */
    delivered: (providerCallId: string) => waiter(providerCallId).promise,
    setCallbacks(mode: "auto" | "manual") {
      callbacks = mode;
    },
    stop() {
      stopped = true;
    },
    /** `GET /recordings/{id}` (the audio) and `DELETE /recordings/{id}`, behind the simulator's bearer check. */
    routes: new Hono()
      .get("/recordings/:recordingId", (c) => {
        const bytes = audio.get(c.req.param("recordingId"));
        if (!bytes) return c.json({ error: "not found" }, 404);
        const recording = all.find((item) => item.recordingId === c.req.param("recordingId"));
        if (recording) recording.downloaded = true;
        return c.body(bytes as unknown as ArrayBuffer, 200, { "content-type": "audio/wav" });
      })
      .delete("/recordings/:recordingId", (c) => {
        if (!audio.delete(c.req.param("recordingId"))) return c.json({ error: "not found" }, 404);
        const recording = all.find((item) => item.recordingId === c.req.param("recordingId"));
        if (recording) recording.deleted = true;
        return c.body(null, 204);
      }),
  };
}
export type SimulatedRecordings = ReturnType<typeof createSimulatedRecordings>;
