import { DefaultTokenResolver, Lazy, StringConcat, TerraformStack, Testing, Tokenization } from 'cdktf';

/** test/native-stack-traces.ts formats cdktf's token creation stacks when read: they still say where. */
describe("cdktf's token creation stacks under Jest", () => {
  function makeToken(): string {
    return Lazy.stringValue({ produce: () => 'x' });
  }

  it('list the frames that created the token, cdktf first, then the caller', () => {
    const token = Tokenization.reverseString(makeToken()).firstToken as unknown as { creationStack: string[] };
    const stack = token.creationStack;
    expect(Array.isArray(stack)).toBe(true);
    expect(stack[0]).toMatch(/^new LazyBase \(.*node_modules\/cdktf\/lib\/tokens\/lazy\.js:\d+:\d+\)$/);
    expect(stack.slice(0, 4).join('\n')).toMatch(/\nmakeToken \(.*test\/native-stack-traces\.test\.ts:\d+:\d+\)/);
    expect([...stack]).toEqual(stack.slice());
    expect(stack.length).toBeGreaterThan(4);
  });

  it('show up in the error about a token that cannot be resolved', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const failing = Lazy.stringValue({
      produce: () => {
        throw new Error('cannot produce');
      },
    });
    expect(() =>
      Tokenization.resolve(failing, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) }),
    ).toThrow(/^Resolution error: cannot produce\.\nObject creation stack:\n {2}at new LazyBase \(.*\n {2}at /);
  });
});
