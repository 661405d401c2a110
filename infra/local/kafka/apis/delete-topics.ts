import type { Message } from '../protocol/codec.js';
import { ErrorCode } from '../protocol/errors.js';
import { DeleteTopicsRequest, DeleteTopicsResponse } from '../protocol/messages/delete-topics.js';
import type { ApiHandler, BrokerContext } from './types.js';

// DeleteTopics Request (Version: 6) => [topics] timeout_ms [TAG_BUFFER]
//   topics => name topic_id [TAG_BUFFER]
//   (v0-5: [topic_names] timeout_ms)
// DeleteTopics Response (Version: 6) => throttle_time_ms [responses] [TAG_BUFFER]
//   responses => name topic_id error_code error_message [TAG_BUFFER]
//
// Implements: deletion by name (all versions) or by topic id (v6), removing the
// log from disk and the topic's committed offsets.
// Skips: nothing the clients use; deletion is immediate, not asynchronous.
export const deleteTopics: ApiHandler = {
  apiKey: 20,
  name: 'DeleteTopics',
  request: DeleteTopicsRequest,
  response: DeleteTopicsResponse,
  minVersion: 0,
  maxVersion: 6,
  async handle(ctx: BrokerContext, req: Message, info): Promise<Message> {
    const wanted =
      info.version >= 6
        ? (req.topics as { name: string | null; topicId: Buffer }[])
        : (req.topicNames as string[]).map((name) => ({ name, topicId: Buffer.alloc(16) }));
    const responses = [];
    for (const w of wanted) {
      const topic = w.name !== null ? ctx.logs.getTopic(w.name) : ctx.logs.getTopicById(w.topicId);
      if (!topic) {
        responses.push({
          name: w.name,
          topicId: w.topicId,
          errorCode: w.name !== null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.UNKNOWN_TOPIC_ID,
          errorMessage: null,
        });
        continue;
      }
      await ctx.logs.deleteTopic(topic.name);
      await ctx.groups.deleteTopicOffsets(topic.name);
      responses.push({ name: topic.name, topicId: topic.topicId, errorCode: ErrorCode.NONE, errorMessage: null });
    }
    return { throttleTimeMs: 0, responses };
  },
};
