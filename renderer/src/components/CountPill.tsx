interface Props {
  count: number;
  /** The noun for one and for many ("transaction", "transactions"). */
  one: string;
  many: string;
  testId: string;
}

/** A list's size beside its title, e.g. "1,204 transactions". */
export function CountPill({ count, one, many, testId }: Props) {
  return (
    <span className="count-pill" data-testid={testId}>
      {count.toLocaleString('en-GB')} {count === 1 ? one : many}
    </span>
  );
}
