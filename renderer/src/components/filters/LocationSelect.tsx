import type { SquareLocationView } from '../../../../shared/square';
import { FilterSelect } from './FilterSelect';

interface Props {
  /** The shop's Square locations. */
  locations: SquareLocationView[];
  value: string;
  testId: string;
  onChange: (locationId: string) => void;
}

/** The location filter: only when there is more than one to choose from, or one is already chosen (to undo it). */
export function LocationSelect({ locations, value, testId, onChange }: Props) {
  if (locations.length <= 1 && !value) return null;
  return (
    <FilterSelect
      label="Location"
      testId={testId}
      value={value}
      allLabel="All locations"
      options={locations.map((l) => [l.id, l.name])}
      onChange={onChange}
    />
  );
}
