/** A tag that names one release: a full version (`24.11.1-alpine3.22`, `8.0.12`), never `latest`. */
export const isPinnedTag = (tag: string | undefined) =>
  tag !== undefined && /^v?\d+\.\d+\.\d+([-.][\w.-]+)?$/.test(tag);

/** `name:tag` or `name@sha256:…`; the registry may carry a port (`host:5000/name:tag`). */
export function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  const [withoutDigest, digest] = image.split('@') as [string, string | undefined];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1
    ? { name: withoutDigest, digest }
    : { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest };
}

export const isPinnedImage = (image: string) => {
  const { tag, digest } = splitImage(image);
  return digest !== undefined || isPinnedTag(tag);
};
