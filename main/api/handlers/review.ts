import type { ReviewService } from '../../review/review-service';
import { searchCodes } from '../../invoicing/nrs-codes/index';
import type { Handlers } from './types';

type ReviewChannel =
  | 'invoices.buyer.set' | 'invoices.line.classify' | 'invoices.approve' | 'invoices.approveMany' | 'invoices.void'
  | 'invoices.reopen' | 'codes.search';

export function createReviewHandlers(review: ReviewService): Pick<Handlers, ReviewChannel> {
  return {
    'invoices.buyer.set': ({ id, buyer }) => review.setBuyer(id, buyer),
    'invoices.line.classify': ({ id, lineNo, classification }) => review.classifyLine(id, lineNo, classification),
    'invoices.approve': ({ id, acceptNote }) => review.approve(id, acceptNote),
    'invoices.approveMany': ({ ids }) => review.approveMany(ids),
    'invoices.void': ({ id, reason }) => review.void(id, reason),
    'invoices.reopen': ({ id }) => review.reopen(id),
    'codes.search': ({ list, query, state }) => searchCodes(list, query, state ? { state } : {}),
  };
}
