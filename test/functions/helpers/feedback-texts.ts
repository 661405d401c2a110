/**
 * Feedback texts whose score with the shipped sentiment model is far from the notification
 * thresholds (below 0.3, above 0.9, in between), so tests can say which channel each goes
 * to. The scorer tests check those scores first, with the real model.
 */
export const NEGATIVE_TEXTS = [
  'Terrible update, the app crashes constantly and support never answers. Awful.',
  'Worst checkout ever: broken, slow and it charged me twice. Very disappointed.',
  'Horrible experience, nothing works and I want a refund.',
] as const;

export const POSITIVE_TEXTS = [
  'Absolutely love the new dashboard, it is fantastic. Great work, thank you!',
  'Excellent support, friendly and fast. Best service I have used, highly recommend!',
  'Wonderful product, works perfectly and the team is amazing.',
] as const;

export const NEUTRAL_TEXTS = ['Pricing is fair for what you get.'] as const;
