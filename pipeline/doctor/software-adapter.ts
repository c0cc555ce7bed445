/**
 * Whether a WebGPU adapter is a CPU in disguise (Mesa's llvmpipe/lavapipe, SwiftShader, WARP, a
 * fallback adapter), from what it says of itself. Pure, so the browser's "Try the model" uses the
 * same rule as `auto` and doctor (webgpu-adapter.ts).
 */

const SOFTWARE = /llvmpipe|lavapipe|swiftshader|software|warp|basic render/i;

/** What an adapter says of itself (GPUAdapterInfo's fields). */
export interface AdapterInfoLike {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
}

export function isSoftwareAdapter(info: AdapterInfoLike, fallback = false): boolean {
  return fallback || SOFTWARE.test([info.vendor, info.architecture, info.device, info.description].join(' '));
}
