// Made-up topics of an exact shape for limit scenarios: the scenario's namespace is the first
// level and counts towards the limits [DIF-06].
import type { ConformanceWorld } from "./world.ts";

/** A topic (or filter) of exactly `levels` levels: `levels - 1` slashes. */
export function topicOfLevels(world: ConformanceWorld, levels: number): string {
  const below = Array.from({ length: levels - 1 }, (_, index) => `l${index + 2}`);
  return world.topic(below.join("/"));
}

/** A topic of exactly `bytes` UTF-8 bytes. */
export function topicOfBytes(world: ConformanceWorld, bytes: number): string {
  const prefix = world.topic("");
  if (bytes <= prefix.length) throw new Error(`a ${bytes}-byte topic cannot hold the namespace ${prefix}`);
  return prefix + "b".repeat(bytes - prefix.length);
}

export interface TopicShape {
  levels?: number;
  bytes?: number;
}

/** A topic (or filter) of the shape a step names: so many levels, or so many bytes. */
export function topicOfShape(world: ConformanceWorld, shape: TopicShape): string {
  return shape.levels !== undefined ? topicOfLevels(world, shape.levels) : topicOfBytes(world, shape.bytes!);
}
