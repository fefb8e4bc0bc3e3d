export * as Recordings from "./recordings";
export { receiveSimulatorRecording, receiveTwilioRecording } from "./webhook";
export { registerRecordingJobs, startRecordingsSweep, RECORDINGS_SWEEP_JOB } from "./jobs";
