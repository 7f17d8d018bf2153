// The topic aliases the broker uses towards one MQTT 5 client, for the life of its connection
// [MQTT5-3.3.2-7]. A client that announced a Topic Alias Maximum gets aliases 1, 2, … in the order
// its topics first appear, never above its maximum [MQTT5-3.1.2-26] (nor above the broker's own,
// which bounds what one connection costs); once they are all in use, other topics go out whole.
// An alias is never reassigned, so no PUBLISH can reach the client under an alias it has not been
// given with that topic, whatever was dropped or resent in between.

/** How the next PUBLISH on a topic carries it. */
export interface TopicAliasUse {
  alias: number;
  /** The client already has this alias for the topic: the topic name is left out. */
  known: boolean;
}

export class OutboundTopicAliases {
  private readonly aliases = new Map<string, number>();

  /** @param maximum the most aliases used: the client's Topic Alias Maximum, at most the broker's own */
  constructor(private readonly maximum: number) {}

  /** The alias to send a topic with, or undefined: the topic goes out whole. */
  use(topic: string): TopicAliasUse | undefined {
    const alias = this.aliases.get(topic);
    if (alias !== undefined) return { alias, known: true };
    if (this.aliases.size >= this.maximum) return undefined;
    return { alias: this.aliases.size + 1, known: false };
  }

  /** The PUBLISH that sets a new alias has been sent: from now on the client knows it. */
  sent(topic: string, use: TopicAliasUse): void {
    if (!use.known) this.aliases.set(topic, use.alias);
  }
}
