// Cucumber plugin: scenarios tagged @slow (they wait out a broker timer of a second or more)
// are handed to the parallel workers first, so no worker is left running a long scenario alone
// at the end. Within each part the defined order is kept.
import type { Plugin } from "@cucumber/cucumber/api";

const slowFirst: Plugin = {
  type: "plugin",
  coordinator({ transform }) {
    transform("pickles:order", (pickles) => {
      const isSlow = (tags: ReadonlyArray<{ name: string }>) => tags.some((tag) => tag.name === "@slow");
      return [
        ...pickles.filter(({ pickle }) => isSlow(pickle.tags)),
        ...pickles.filter(({ pickle }) => !isSlow(pickle.tags)),
      ];
    });
  },
};

export default slowFirst;
