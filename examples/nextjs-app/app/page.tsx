import { BookmarkList } from '@/components/bookmark-list';
import { FeedLink } from '@/components/feed-link';
import { TagCloud } from '@/components/tag-cloud';

export default function Home() {
  return (
    <main>
      <h1>Bookmarks</h1>
      <TagCloud />
      <BookmarkList />
      <FeedLink />
    </main>
  );
}
