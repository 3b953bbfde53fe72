import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { BooksService } from '../books/books.service';

export const LOANS_OPTIONS = 'LOANS_OPTIONS';

export interface LoansOptions {
  maxLoansPerReader: number;
}

export interface Loan {
  id: number;
  bookId: number;
  returned: boolean;
}

@Injectable()
export class LoansService {
  private loans: Loan[] = [];

  constructor(
    private readonly books: BooksService,
    @Inject(LOANS_OPTIONS) private readonly options: LoansOptions,
  ) {}

  list(): Loan[] {
    return this.loans.filter((l) => !l.returned);
  }

  borrow(bookId: number): Loan {
    if (this.list().length >= this.options.maxLoansPerReader) {
      throw new BadRequestException('Too many loans');
    }
    const book = this.books.findOne(bookId);
    book.available = false;
    const loan = { id: this.loans.length + 1, bookId, returned: false };
    this.loans.push(loan);
    return loan;
  }

  giveBack(id: number): Loan {
    const loan = this.loans.find((l) => l.id === id);
    if (!loan) throw new BadRequestException(`Loan ${id} not found`);
    loan.returned = true;
    this.books.findOne(loan.bookId).available = true;
    return loan;
  }
}
