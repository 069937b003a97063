/** The demo: simulated telemetry for the example plans, and the loop that sends it. */
export { startSimulator, type Simulator, type SimulatorOptions } from './simulator.js';
export { createTraffic, PROFILE_NAMES, type Traffic, type TrafficOptions } from './traffic.js';
export type { ProfileName, TelemetryEvent } from './profile.js';
