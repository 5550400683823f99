/** What the owner's last action did, said once it has; nothing while there is no notice. */
export function NoticeBanner({ notice, testId }: { notice: string | undefined; testId: string }) {
  if (!notice) return null;
  return (
    <div className="banner banner-success" role="status" data-testid={testId}>
      {notice}
    </div>
  );
}
