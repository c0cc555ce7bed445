/** The character model's training loss, shared by the loop and the parallel micro-batches. */
import * as tf from '@tensorflow/tfjs';

/** Mean cross-entropy (nats per character) of the model's predictions for `y` given `x`. */
export function lossOf(model: tf.LayersModel, x: tf.Tensor2D, y: tf.Tensor2D, vocab: number): tf.Scalar {
  return tf.tidy(() => {
    const logits = model.apply(x, { training: true }) as tf.Tensor3D;
    const logp = tf.logSoftmax(logits);
    const onehot = tf.oneHot(y.reshape([-1]), vocab).reshape(logits.shape);
    return tf.neg(tf.mean(tf.sum(tf.mul(onehot, logp), -1))) as tf.Scalar;
  });
}
