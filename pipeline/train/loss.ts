/** The one training loss, for every kind of model: cross-entropy of the next token. */
import * as tf from '@tensorflow/tfjs';
import type { Trainable } from './language-model.ts';

/** Mean cross-entropy (nats per token) of `logits` [batch, time, vocab] against target ids [batch, time]. */
export function crossEntropy(logits: tf.Tensor3D, targets: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    // One-hot as int32 (multiplying casts it): the wasm backend's OneHot writes int32 bits into a float32 tensor when asked for float32.
    const onehot = tf.oneHot(targets.reshape([-1]) as tf.Tensor1D, logits.shape[2]).reshape(logits.shape);
    return tf.neg(tf.mean(tf.sum(tf.mul(onehot, logp), -1))) as tf.Scalar;
  });
}

/** A model's training loss: its logits for `x` (dropout on, where it has any) against `y`. */
export function lossOf(model: Pick<Trainable, 'logits'>, x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => crossEntropy(model.logits(x, true), y));
}

/** The loss of predicting each next id of `ids` from those before it. */
export function nextTokenLoss(logits: tf.Tensor3D, ids: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const [batch, time, vocab] = logits.shape;
    return crossEntropy(logits.slice([0, 0, 0], [batch, time - 1, vocab]), ids.slice([0, 1], [batch, time - 1]));
  });
}
