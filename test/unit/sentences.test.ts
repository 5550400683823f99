import { describe, expect, it } from 'vitest';
import { joinSentences } from '../../shared/sentences';

describe('joinSentences', () => {
  it('joins owner sentences into one paragraph without ".;" seams', () => {
    expect(joinSentences(['The tip is 3.00 more than expected; then correct the invoice or accept it as it is.', 'The tax is unknown'])).toBe(
      'The tip is 3.00 more than expected; then correct the invoice or accept it as it is. The tax is unknown.',
    );
  });

  it('keeps question and exclamation marks and drops empty entries', () => {
    expect(joinSentences(['Is this right?', '  ', 'Check it!'])).toBe('Is this right? Check it!');
    expect(joinSentences([])).toBe('');
  });
});
